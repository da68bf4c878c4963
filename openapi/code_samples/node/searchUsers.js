import Finos from 'finos';

const finos = Finos('sk_test_yourkey');

const result = await finos.users.search({
  query: 'doe',
});
console.log(result);
