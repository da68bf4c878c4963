import finos

client = finos.Client("sk_test_yourkey")

page = client.webhooks.list()
for item in page.auto_paging_iter():
    print(item)
