import Finos from 'finos';

const finos = Finos('sk_test_yourkey');

const result = await finos.market.assets();
console.log(result);
