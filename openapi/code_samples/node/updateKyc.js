import { randomUUID } from 'node:crypto';
import Finos from 'finos';

const finos = Finos('sk_test_yourkey');

const result = await finos.kyc.update('S-BNTwVDLrlRvHbKVhRa8X', {
  answers: [
    {
      question_id: 1,
      answer_id: 1,
    },
    {
      question_id: 2,
      answer_id: 1,
    },
    {
      question_id: 3,
      answer_id: 1,
    },
    {
      question_id: 4,
      answer_id: 1,
    },
    {
      question_id: 5,
      answer_id: 1,
    },
  ],
}, { idempotencyKey: randomUUID() });
console.log(result);
