import Finos from 'finos';

const finos = Finos('sk_test_yourkey', { baseUrl: 'http://127.0.0.1:8080' });

const result = await finos.sandbox.clock();
console.log(result);
