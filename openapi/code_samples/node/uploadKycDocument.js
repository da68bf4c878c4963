const finos = require('finos')('sk_test_yourkey', { baseUrl: 'http://127.0.0.1:8080' });

finos.kyc.uploadDocument('S-BNTwVDLrlRvHbKVhRa8X', {
  name: 'john_doe_driver_license',
  extension: 'pdf',
  type: 'license',
  notes: 'Uploaded from email customer sent',
  data: 'JVBERi0xLjQKJcfsj6IKMSAwIG9iago8PC9UeXBlL0NhdGFsb2c+PgplbmRvYmoKdHJhaWxlcgo8PC9Sb290IDEgMCBSPj4KJSVFT0YK',
})
  .then((result) => console.log(result))
  .catch((err) => console.error(err.status, err.type, err.message));
