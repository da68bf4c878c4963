import Finos from 'finos';

const finos = Finos('sk_test_yourkey');

const result = await finos.bankAccounts.list('f6e54303-10ce-42b5-a4b0-b28c19cf5025');
console.log(result);
