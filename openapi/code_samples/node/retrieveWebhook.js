import Finos from 'finos';

const finos = Finos('sk_test_yourkey');

const result = await finos.webhooks.fetch('6fe54303-10ce-42b5-a4b0-38bc19cf5025');
console.log(result);
