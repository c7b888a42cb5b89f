import { describe, expect, it } from 'vitest';
import { readRoster } from './roster.ts';

const file = (text: string, bom = false) => {
  const bytes = new TextEncoder().encode(text);
  return (bom ? new Uint8Array([0xef, 0xbb, 0xbf, ...bytes]) : bytes).buffer as ArrayBuffer;
};

describe('a class list from a CSV file', () => {
  it('takes the "Họ và tên" column of a school export saved by Excel (BOM, semicolons)', () => {
    const roster = readRoster(
      file('STT;Họ và tên;Ngày sinh\n1;Nguyễn Văn An;01/02/2014\n2; Trần  Thị Bình ;03/04/2014\n', true),
    );
    expect(roster).toEqual({ names: ['Nguyễn Văn An', 'Trần Thị Bình'], problems: [] });
  });

  it('takes the only column of a file without headings', () => {
    expect(readRoster(file('Lê An\r\nPhạm Chi\r\n\r\nVũ Khoa')).names).toEqual(['Lê An', 'Phạm Chi', 'Vũ Khoa']);
  });

  it('names each row it cannot use, with its line', () => {
    const roster = readRoster(file(`Họ tên,Lớp\nLê An,6A\n,6A\n${'A'.repeat(61)},6A\n"Ngô ""Bin"" Dũng",6A\n`));
    expect(roster.names).toEqual(['Lê An', 'Ngô "Bin" Dũng']);
    expect(roster.problems).toEqual([
      { line: 3, kind: 'empty' },
      { line: 4, kind: 'tooLong' },
    ]);
  });

  it('says what is wrong with a file it cannot read as a class list', () => {
    expect(readRoster(file('STT,Ngày sinh\n1,01/02/2014\n')).problems).toEqual([{ line: 1, kind: 'noColumn' }]);
    // Vietnamese saved in the Windows code page is not UTF-8.
    expect(readRoster(new Uint8Array([0x4c, 0xea, 0x20, 0xc2, 0x6e]).buffer).problems).toEqual([
      { line: 1, kind: 'unreadable' },
    ]);
    expect(readRoster(file('"unterminated\n')).problems).toEqual([{ line: 1, kind: 'unreadable' }]);
  });
});
