import Finos from 'finos';

const finos = Finos('sk_test_yourkey');

const result = await finos.orders.fetch('904837e3-3b76-47ec-b432-046db621571b');
console.log(result);
