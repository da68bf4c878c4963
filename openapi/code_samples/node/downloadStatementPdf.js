import { writeFileSync } from 'node:fs';
import Finos from 'finos';

const finos = Finos('sk_test_yourkey');

const pdf = await finos.statements.pdf('904837e3-3b76-47ec-b432-046db621571b', {
  expires: 1793891939,
  signature: '36d81bb9f4234802724627bd840ca55343eeae020db551d584592c3a62d59ebe',
});
writeFileSync('statement.pdf', Buffer.from(pdf));
