import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import type { MyCertificate } from '@hvs/contracts';

const require = createRequire(import.meta.url);
/** Be Vietnam Pro (SIL OFL 1.1), drawn for Vietnamese: every diacritic, stacked ones included. */
const FONT = {
  regular: require.resolve('@expo-google-fonts/be-vietnam-pro/400Regular/BeVietnamPro_400Regular.ttf'),
  bold: require.resolve('@expo-google-fonts/be-vietnam-pro/700Bold/BeVietnamPro_700Bold.ttf'),
};

/** dd/mm/yyyy in Vietnam's time (UTC+7), whatever the server's zone. */
export function vnDate(iso: string): string {
  const d = new Date(new Date(iso).getTime() + 7 * 3600_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getUTCDate())}/${p(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
}

export function supervisionText(supervised: boolean | null): string | null {
  if (supervised === null) return null;
  return supervised ? 'Bài đánh giá cuối: có giám sát' : 'Bài đánh giá cuối: tự làm, không giám sát';
}

/**
 * The certificate as an A4 PDF: black on white only (prints the same on any printer), the font
 * embedded (subset), and the QR code drawn as vector squares, so it scans from a photocopy too.
 */
export async function certificatePdf(c: MyCertificate): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 56,
    info: { Title: `Giấy chứng nhận ${c.code}`, Author: 'Học vụ số', Subject: 'Đạt phổ cập tri thức số' },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (b: Buffer) => chunks.push(b));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  doc.registerFont('regular', FONT.regular);
  doc.registerFont('bold', FONT.bold);

  const { width, height } = doc.page;
  const left = 56;
  const inner = width - 2 * left;
  // a double frame, in black
  doc
    .lineWidth(2)
    .rect(28, 28, width - 56, height - 56)
    .stroke('#000');
  doc
    .lineWidth(0.6)
    .rect(36, 36, width - 72, height - 72)
    .stroke('#000');

  doc.fillColor('#000');
  doc.font('bold').fontSize(12).text('NỀN TẢNG HỌC VỤ SỐ', left, 70, { width: inner, align: 'center' });
  doc.font('regular').fontSize(10).text('Phong trào "Bình dân học vụ số"', { width: inner, align: 'center' });
  doc.moveDown(2.2);
  doc.font('bold').fontSize(28).text('GIẤY CHỨNG NHẬN', { width: inner, align: 'center' });
  doc.moveDown(0.3);
  doc
    .font('regular')
    .fontSize(14)
    .text('đạt phổ cập tri thức số trên nền tảng Học vụ số', { width: inner, align: 'center' });
  doc.moveDown(2);
  doc.font('regular').fontSize(12).text('Chứng nhận', { width: inner, align: 'center' });
  doc.moveDown(0.4);
  doc.font('bold').fontSize(24).text(c.name, { width: inner, align: 'center' });
  doc.moveDown(0.3);
  doc.font('regular').fontSize(12).text(`Năm sinh: ${c.birthYear}`, { width: inner, align: 'center' });
  doc.moveDown(1.5);

  const rows: [string, string][] = [
    ['Chương trình', `Nhóm ${c.curriculum.groupTitle}, phiên bản ${c.curriculum.version}`],
    ['Ngày đạt', vnDate(c.earnedAt)],
  ];
  const supervision = supervisionText(c.supervised);
  if (supervision) rows.push(['Đánh giá', supervision.replace('Bài đánh giá cuối: ', '')]);
  rows.push(['Mã chứng nhận', c.code]);
  for (const [label, value] of rows) {
    const y = doc.y;
    doc
      .font('regular')
      .fontSize(12)
      .text(label, left + 60, y, { width: 140 });
    doc
      .font('bold')
      .fontSize(12)
      .text(value, left + 200, y, { width: inner - 260 });
    doc.moveDown(0.6);
  }

  // QR code of the verification page, with the address under it for those who type it
  const size = 150;
  const qrTop = height - 330;
  const qr = QRCode.create(c.verifyUrl, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const quiet = 4;
  const cell = size / (n + 2 * quiet);
  const x0 = (width - size) / 2;
  for (let r = 0; r < n; r++)
    for (let col = 0; col < n; col++)
      if (qr.modules.get(r, col)) doc.rect(x0 + (col + quiet) * cell, qrTop + (r + quiet) * cell, cell, cell);
  doc.fill('#000');
  doc
    .font('regular')
    .fontSize(10)
    .text('Quét mã hoặc mở địa chỉ dưới đây để kiểm tra giấy chứng nhận:', left, qrTop + size + 6, {
      width: inner,
      align: 'center',
    });
  doc.font('bold').fontSize(10).text(c.verifyUrl, { width: inner, align: 'center' });

  doc
    .font('regular')
    .fontSize(8.5)
    .text(
      'Giấy chứng nhận do nền tảng Học vụ số cấp và ký số (Open Badges 3.0); không phải xác nhận trên VNeID. ' +
        'Trang kiểm tra cho biết giấy còn hiệu lực hay đã bị thu hồi.',
      left + 20,
      height - 110,
      { width: inner - 40, align: 'center' },
    );
  doc.end();
  return done;
}
