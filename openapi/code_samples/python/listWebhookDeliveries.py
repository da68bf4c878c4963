import finos

client = finos.Client("sk_test_yourkey")

page = client.webhooks.deliveries("6fe54303-10ce-42b5-a4b0-38bc19cf5025")
for item in page.auto_paging_iter():
    print(item)
