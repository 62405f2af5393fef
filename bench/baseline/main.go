// Command baseline is the yardstick of the query benchmark: the smallest
// net/http server that answers every request with a fixed JSON body of the
// size of a one-row query result.
package main

import (
	"flag"
	"log"
	"net/http"
	"strconv"
)

const body = `{"code":200,"msg":"操作成功","success":true,"params":{"list":[{"unitName":"杭州云栖网络科技有限公司","natureName":"企业","mainLicence":"浙ICP备2021012345号","serviceLicence":"浙ICP备2021012345号-1","serviceName":"云栖官网","serviceType":1,"domain":"yunqi-example.com","homeUrl":"www.yunqi-example.com","updateRecordTime":"2021-08-30 13:10:24","limitAccess":"否","contentTypeName":"","mainId":1,"serviceId":1}],"total":1,"pages":1,"pageNum":1,"pageSize":20,"isLastPage":true}}
`

func main() {
	addr := flag.String("addr", "127.0.0.1:8090", "listen address")
	flag.Parse()
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.Write([]byte(body))
	})
	log.Fatal(http.ListenAndServe(*addr, nil))
}
