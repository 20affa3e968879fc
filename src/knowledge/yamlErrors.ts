// A YAML syntax error as a curator can act on it: what is wrong in plain Chinese, on which
// line, and what usually fixes it (the yaml library's own English line follows).
import type { YAMLError } from 'yaml';

type Explanation = readonly [what: string, hint: string];

const QUOTE_HINT = "把整段文字用引号括起来，例如 answer: '注意：……'";

const EXPLANATIONS: Partial<Record<YAMLError['code'], Explanation>> = {
  BLOCK_AS_IMPLICIT_KEY: [
    '这一行里有“冒号加空格”，被当成了新的一项，或者缩进比上一行多',
    `文字里有“: ”时${QUOTE_HINT}；否则检查这一行的缩进是否与同级的行对齐`,
  ],
  MULTILINE_IMPLICIT_KEY: ['一项的名字（冒号前面的部分）跨了多行', '名字写在一行里，冒号后面加一个空格'],
  BAD_INDENT: [
    '缩进不对：同一级的各项要从同一列开始',
    '用空格（不要用 Tab）对齐同级的行；列表的 [ ] 或 { } 要在同一段里配对结束',
  ],
  TAB_AS_INDENT: ['缩进里有 Tab 键', '把行首的 Tab 换成空格（每级两个空格）'],
  MISSING_CHAR: ['引号或括号没有配对结束', '检查这一行和上面几行的引号、[ ]、{ } 是否成对'],
  BAD_DQ_ESCAPE: ['双引号里的反斜杠 \\ 写法不对', '改用单引号，或者把 \\ 写成 \\\\'],
  DUPLICATE_KEY: ['同一层里有两个同名的项', '删掉或改名其中一个（上面的会被覆盖，所以不允许重复）'],
  BAD_SCALAR_START: ['文字不能以 @ ` 这类保留字符开头', `把这段文字用引号括起来，例如 '@……'`],
  UNEXPECTED_TOKEN: [
    '这里多出了无法识别的内容，常见于以 { 或 [ 开头的文字',
    `以 { [ * & ! | > % 开头的文字要用引号括起来，例如 '{title}：'`,
  ],
  BLOCK_IN_FLOW: ['方括号或花括号里的列表不能再分行缩进', '写成一行 [a, b, c]，或者改成每行一个“- ”的列表'],
  BAD_ALIAS: ['* 或 & 开头的内容被当成了引用', `把这段文字用引号括起来`],
  MULTIPLE_DOCS: ['文件里有多余的 --- 分隔线', '删掉多余的 ---，一个文件只写一份内容'],
};

/** "第 3 行第 5 列：……。提示：……（yaml: …）" */
export function explainYamlError(error: Error): string {
  const e = error as Partial<YAMLError>;
  const where = e.linePos ? `第 ${e.linePos[0].line} 行第 ${e.linePos[0].col} 列：` : '';
  const [what, hint] = (e.code && EXPLANATIONS[e.code]) ?? [
    '格式错误',
    '检查这一行的冒号、缩进和引号，文字里有特殊符号时用引号括起来',
  ];
  const original = error.message.split('\n')[0] ?? '';
  return `YAML 格式错误，${where}${what}。提示：${hint}。(YAML syntax: ${original})`;
}
