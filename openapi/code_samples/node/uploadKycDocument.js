import { randomUUID } from 'node:crypto';
import Finos from 'finos';

const finos = Finos('sk_test_yourkey');

const result = await finos.kyc.uploadDocument('S-BNTwVDLrlRvHbKVhRa8X', {
  name: 'john_doe_driver_license',
  extension: 'pdf',
  type: 'license',
  notes: 'Uploaded from email customer sent',
  data: 'JVBERi0xLjQKJcfsj6IKMSAwIG9iago8PC9UeXBlL0NhdGFsb2c+PgplbmRvYmoKdHJhaWxlcgo8PC9Sb290IDEgMCBSPj4KJSVFT0YK',
}, { idempotencyKey: randomUUID() });
console.log(result);
