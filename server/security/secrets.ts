// Sealing of stored secrets (API keys for webhook signing, bank numbers, SSNs) with
// AES-256-GCM under the master key. Every sealed value names its key version, so keys can rotate.
import { createCipheriv, createDecipheriv, createHmac } from 'node:crypto';
import { poolBytes } from '../random.ts';

export interface Secrets {
  encrypt(plain: string): string;
  decrypt(sealed: string): string;
  encryptBytes(b: Buffer): Buffer;
  decryptBytes(b: Buffer): Buffer;
}

const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Text form: `v1.<base64url(iv | tag | ciphertext)>`; bytes form: `[version][iv][tag][ciphertext]`. */
export function createSecrets(masterKey: Buffer): Secrets {
  if (masterKey.length !== 32) throw new Error('The master key must be 32 bytes');
  // Derive the data key so the raw master key is never used directly for data.
  const keys = new Map<number, Buffer>([[VERSION, createHmac('sha256', masterKey).update('finos-secrets-v1').digest()]]);

  const seal = (plain: Buffer): Buffer => {
    // A view into the random pool, copied into the sealed value before anything draws again.
    const iv = poolBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', keys.get(VERSION)!, iv);
    const ct = Buffer.concat([cipher.update(plain), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), ct]);
  };
  const open = (version: number, body: Buffer): Buffer => {
    const key = keys.get(version);
    if (!key) throw new Error(`Unknown secret key version ${version}`);
    if (body.length < IV_BYTES + TAG_BYTES) throw new Error('Sealed value is truncated');
    const decipher = createDecipheriv('aes-256-gcm', key, body.subarray(0, IV_BYTES));
    decipher.setAuthTag(body.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(body.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
  };

  return {
    encrypt: (plain) => `v${VERSION}.` + seal(Buffer.from(plain, 'utf8')).toString('base64url'),
    decrypt(sealed) {
      const m = /^v(\d+)\.([A-Za-z0-9_-]+)$/.exec(sealed);
      if (!m) throw new Error('Not a sealed value');
      return open(Number(m[1]), Buffer.from(m[2]!, 'base64url')).toString('utf8');
    },
    encryptBytes: (b) => Buffer.concat([Buffer.from([VERSION]), seal(b)]),
    decryptBytes(b) {
      if (b.length < 1) throw new Error('Sealed value is empty');
      return open(b[0]!, b.subarray(1));
    },
  };
}
