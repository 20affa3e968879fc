// Multi-turn conversations the soak test replays, taken from the transcript tests in
// test/dialogs/*.test.ts (those that reach an outcome and use no calendar date, so they
// hold on any day): what the user says, what each reply must contain, and the outcome.

export interface ScriptStep {
  say: string;
  contains: string[];
}

export interface DialogScript {
  name: string;
  /** Where the transcript comes from. */
  from: string;
  steps: ScriptStep[];
}

const ASK_REGION = '请问您（或家人）是在哪里参保的？';
const ASK_DISCHARGE = '现在还在住院，还是已经出院了？';
const ASK_ADMISSION = '请问是哪天住院的？';
const ASK_SITUATION = '请问是哪种情况？回复序号即可：';
const ASK_DURATION = '连续住、工作满半年了吗？';
const XINGTAI_RULE =
  '按邢台市2021年的规定，因病情紧急等没来得及备案的，可以先住院，入院10日内在网上办理补充备案。';
const MANUAL = '已经出院并自费结算的，补办备案后可以按参保地的规定申请医保手工报销。';
const SETTLEMENT = '能报哪些：哪些药品、诊疗项目和服务设施能报，按就医地的医保目录执行。';

export const DIALOG_SCRIPTS: DialogScript[] = [
  {
    name: 'late filing, one fact at a time',
    from: 'test/dialogs/lateFiling.test.ts: region → in hospital? → admission date → deadline',
    steps: [
      { say: '我妈在外地看病，没来得及备案，还能补吗？', contains: [ASK_REGION] },
      { say: '邢台', contains: [ASK_DISCHARGE] },
      { say: '1', contains: [XINGTAI_RULE, ASK_ADMISSION] },
      { say: '昨天', contains: ['还来得及', '河北智慧医保小程序'] },
    ],
  },
  {
    name: 'late filing, discharged',
    from: 'test/dialogs/lateFiling.test.ts: “2” for discharged ends it without asking the date',
    steps: [
      { say: '我妈是邢台医保，没备案，还能补吗？', contains: [ASK_DISCHARGE] },
      { say: '2', contains: [`您已经出院了。${XINGTAI_RULE}`, MANUAL] },
    ],
  },
  {
    name: 'late filing, FAQ interruption',
    from: 'test/dialogs/lateFiling.test.ts: an FAQ question mid-dialog, then the same question again',
    steps: [
      { say: '我妈是邢台医保，没备案，还能补吗？', contains: [ASK_DISCHARGE] },
      { say: '还在住院', contains: [ASK_ADMISSION] },
      { say: '邢台异地就医备案有效期多久？', contains: ['有效', '来源：', '我们继续：', ASK_ADMISSION] },
      { say: '昨天', contains: ['还来得及', '还剩9天'] },
    ],
  },
  {
    name: 'settlement, region asked',
    from: 'test/dialogs/settlement.test.ts: region asked, “邢台” → the outcome for Xingtai',
    steps: [
      { say: '我在外地住院，怎么结算？', contains: [ASK_REGION] },
      { say: '邢台', contains: ['异地就医直接结算（按您参保地邢台市说明）：', SETTLEMENT] },
    ],
  },
  {
    name: 'materials, region then situation',
    from: 'test/dialogs/materials.test.ts: Xingtai emergency by number (“7”)',
    steps: [
      { say: '我办备案要带什么材料？', contains: [ASK_REGION] },
      { say: '邢台', contains: [ASK_SITUATION] },
      { say: '7', contains: ['按邢台市的规定，异地急诊抢救人员办理备案要准备：', '办理人手机号码'] },
    ],
  },
  {
    name: 'eligibility, one fact at a time',
    from: 'test/dialogs/eligibility.test.ts: Xingtai posted worker: region → situation → duration → outcome',
    steps: [
      { say: '我属于哪一类备案？', contains: [ASK_REGION] },
      { say: '邢台', contains: [ASK_SITUATION, '3. 单位派驻外地工作'] },
      { say: '3', contains: [ASK_DURATION] },
      { say: '两年', contains: ['您属于常驻异地工作人员，应办理异地长期居住备案。', '在外地约2年'] },
    ],
  },
];
