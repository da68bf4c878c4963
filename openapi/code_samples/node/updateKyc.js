const finos = require('finos')('sk_test_yourkey', { baseUrl: 'http://127.0.0.1:8080' });

finos.kyc.update('S-BNTwVDLrlRvHbKVhRa8X', {
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
})
  .then((result) => console.log(result))
  .catch((err) => console.error(err.status, err.type, err.message));
