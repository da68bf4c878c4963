const { writeFileSync } = require('node:fs');
const finos = require('finos')('sk_test_yourkey', { baseUrl: 'http://127.0.0.1:8080' });

finos.statements.pdf('904837e3-3b76-47ec-b432-046db621571b', {
  expires: 1793891939,
  signature: '36d81bb9f4234802724627bd840ca55343eeae020db551d584592c3a62d59ebe',
})
  .then((pdf) => writeFileSync('statement.pdf', Buffer.from(pdf)))
  .catch((err) => console.error(err.status, err.type, err.message));
