// The join page reads ?ma= from the QR code: rendered on request.
export const prerender = false;
