import Finos from 'finos';

const finos = Finos('sk_test_yourkey');

const result = await finos.stocks.stats('AAPL');
console.log(result);
