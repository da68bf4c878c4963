import Finos from 'finos';

const finos = Finos('sk_test_yourkey');

const result = await finos.stocks.quote('AAPL');
console.log(result);
