const http = require('http');
http.createServer((req, res) => res.end('Hello Elastic Beanstalk\n')).listen(process.env.PORT || 8080);
