// Command hello is the baseline of perf/wrk.sh: a bare Gin route with the
// same Gin version and mode as the platform, and nothing in front of it.
package main

import (
	"flag"
	"log"
	"net/http"

	"github.com/gin-gonic/gin"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:18081", "listen address")
	flag.Parse()
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	r.GET("/hello", func(c *gin.Context) { c.JSON(http.StatusOK, gin.H{"hello": "world"}) })
	log.Fatal(http.ListenAndServe(*addr, r))
}
