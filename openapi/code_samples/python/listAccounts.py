import finos

client = finos.Client("sk_test_yourkey")

page = client.accounts.list("f6e54303-10ce-42b5-a4b0-b28c19cf5025")
for item in page.auto_paging_iter():
    print(item)
