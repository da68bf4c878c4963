module github.com/finos/go

go 1.19
