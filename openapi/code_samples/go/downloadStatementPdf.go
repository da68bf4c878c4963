package main

import (
	"fmt"
	"io"
	"net/http"
	"os"
)

func main() {
	req, err := http.NewRequest("GET", "https://api.finos.com/v1/statements/904837e3-3b76-47ec-b432-046db621571b/pdf?expires=1793891939&signature=36d81bb9f4234802724627bd840ca55343eeae020db551d584592c3a62d59ebe", nil)
	if err != nil {
		panic(err)
	}

	res, err := http.DefaultClient.Do(req)
	if err != nil {
		panic(err)
	}
	defer res.Body.Close()
	out, err := io.ReadAll(res.Body)
	if err != nil {
		panic(err)
	}
	if err := os.WriteFile("statement.pdf", out, 0o644); err != nil {
		panic(err)
	}
	fmt.Println(res.Status)
}
