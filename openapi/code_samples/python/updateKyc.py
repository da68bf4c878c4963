import uuid

import requests

response = requests.patch(
    "https://api.finos.com/v1/kyc/S-BNTwVDLrlRvHbKVhRa8X",
    auth=("sk_test_yourkey", ""),
    headers={"Idempotency-Key": str(uuid.uuid4())},
    json={
        "answers": [
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
    },
)
response.raise_for_status()
print(response.json())
