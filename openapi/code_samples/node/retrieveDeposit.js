import Finos from 'finos';

const finos = Finos('sk_test_yourkey');

const result = await finos.deposits.fetch('62936e70-1815-439b-bf89-8492855a7e6b');
console.log(result);
