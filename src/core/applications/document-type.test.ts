import { describe, expect, it } from 'vitest';
import { sniffDocument } from './document-type.js';

describe('sniffDocument', () => {
  it('recognises PDF, JPEG and PNG by content', () => {
    expect(sniffDocument(Buffer.from('%PDF-1.7\n'))).toBe('application/pdf');
    expect(sniffDocument(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
    expect(sniffDocument(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe('image/png');
  });
  it('refuses anything else, whatever its name', () => {
    expect(sniffDocument(Buffer.from('MZ\x90\x00'))).toBeNull();
    expect(sniffDocument(Buffer.from('<html>'))).toBeNull();
    expect(sniffDocument(Buffer.alloc(0))).toBeNull();
  });
});
