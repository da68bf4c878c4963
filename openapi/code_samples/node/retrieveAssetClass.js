import Finos from 'finos';

const finos = Finos('sk_test_yourkey');

const result = await finos.assetClasses.fetch('us-stocks');
console.log(result);
