import finos

client = finos.Client("sk_test_yourkey")

page = client.accounts.harvests("2d931510-d99f-494a-8c67-87feb05e1594")
for item in page.auto_paging_iter():
    print(item)
