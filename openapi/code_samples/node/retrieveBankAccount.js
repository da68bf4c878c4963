import Finos from 'finos';

const finos = Finos('sk_test_yourkey');

const result = await finos.bankAccounts.fetch('bad85eb9-0713-4da7-8d36-07a8e4b00eab');
console.log(result);
