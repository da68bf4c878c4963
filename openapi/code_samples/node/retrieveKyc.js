import Finos from 'finos';

const finos = Finos('sk_test_yourkey');

const result = await finos.kyc.fetch('S-BNTwVDLrlRvHbKVhRa8X');
console.log(result);
