"""gunicorn settings for the Register in production (docs/deployment.md).

One app process per machine or per port; each is stateless (sessions are signed cookies,
rate-limit counters live in Redis), so as many as needed can run behind the proxy.
"""

import multiprocessing
import os

# Sync workers: the portal's requests are short and CPU-bound; one per core.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count()))
worker_class = "sync"
bind = os.environ.get("BIND", "127.0.0.1:8000")
# A request that takes longer than this is killed; the bulk check of 10,000 numbers takes
# about half a second.
timeout = 30
graceful_timeout = 20
keepalive = 5
# Recycle workers now and then, with jitter, so that memory cannot creep.
max_requests = 20000
max_requests_jitter = 2000
# Only the proxy on this machine talks to gunicorn: trust its X-Forwarded-* headers.
forwarded_allow_ips = "127.0.0.1"
accesslog = "-"
errorlog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(B)s %(D)sus'
# Several gunicorns per machine (one per port): no shared control socket in $HOME.
control_socket_disable = True
