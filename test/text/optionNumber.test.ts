// How a user picks a numbered option: one pattern for the did-you-mean choices, the
// follow-up suggestions and the dialogs' numbered choices.
import { describe, expect, it } from 'vitest';
import { optionNumber } from '../../src/text/optionNumber.js';

describe('optionNumber', () => {
  it.each([
    ['2', 2],
    [' 3 ', 3],
    ['１', 1],
    ['第二个', 2],
    ['第二個', 2],
    ['3号', 3],
    ['第1条', 1],
    ['第三项', 3],
    ['第二种', 2],
    ['十', 10],
    ['2。', 2],
    ['回复1', 1],
    ['回复 1', 1],
    ['回覆 2', 2],
    ['1.', 1],
    ['1、', 1],
    ['第一个', 1],
    ['第1个', 1],
    ['选2', 2],
    ['要第三个', 3],
  ])('%j → %i', (text, n) => {
    expect(optionNumber(text)).toBe(n);
  });

  it.each([
    ['两个月'],
    ['123'],
    ['第二个问题是什么'],
    ['备案'],
    [''],
    ['一二'],
    ['回复'],
    ['12333'],
    ['1月1日'],
  ])('%j is no option number', (text) => {
    expect(optionNumber(text)).toBeUndefined();
  });
});
