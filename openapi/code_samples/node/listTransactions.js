import Finos from 'finos';

const finos = Finos('sk_test_yourkey');

const result = await finos.accounts.transactions('2d931510-d99f-494a-8c67-87feb05e1594');
console.log(result);
