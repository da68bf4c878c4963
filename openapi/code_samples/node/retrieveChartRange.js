import Finos from 'finos';

const finos = Finos('sk_test_yourkey');

const result = await finos.stocks.chart('AAPL', '1m');
console.log(result);
