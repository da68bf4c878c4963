import Finos from 'finos';

const finos = Finos('sk_test_yourkey');

const result = await finos.withdrawals.fetch('7a1c2e90-4b3d-4f6e-9a8b-0c1d2e3f4a5b');
console.log(result);
