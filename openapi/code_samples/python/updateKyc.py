import finos

client = finos.Client("sk_test_yourkey")

result = client.kyc.update(
    "S-BNTwVDLrlRvHbKVhRa8X",
    answers=[
        {
            "question_id": 1,
            "answer_id": 1,
        },
        {
            "question_id": 2,
            "answer_id": 1,
        },
        {
            "question_id": 3,
            "answer_id": 1,
        },
        {
            "question_id": 4,
            "answer_id": 1,
        },
        {
            "question_id": 5,
            "answer_id": 1,
        },
    ],
)
print(result)
