import Finos from 'finos';

const finos = Finos('sk_test_yourkey');

const result = await finos.events.fetch('0192f0c4-7a2b-7c3e-9d41-5b6a7c8d9e0f');
console.log(result);
