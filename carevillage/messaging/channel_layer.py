"""The Redis channel layer, with a connection pool that waits instead of failing.

channels_redis builds a plain redis-py `ConnectionPool` per event loop. That pool raises
`MaxConnectionsError("Too many connections")` as soon as more commands are in flight
than it has sockets (redis-py's default is 100). With 1,000 live pages, a burst of
connects or disconnects (each a `group_add` / `group_discard`) is more than that: the
bench saw ~850 such errors per 1,000 sockets closing, each leaving a stale group member.
A blocking pool keeps the number of sockets bounded and lets a command wait a moment
for a free one.

The second half of the fix is configuration (settings.CHANNEL_LAYERS): redis-py 8 reads
every reply with a 5 s socket timeout, and channels_redis waits for new messages with a
5 s server-side BZPOPMIN, so under load the reply to an empty wait could arrive just after
the client gave up. That `TimeoutError` ended the receiving consumer, its page's socket
closed, and its deliveries were lost. The socket timeout must be longer than the wait.
"""

from __future__ import annotations

from typing import Any

from channels_redis.core import RedisChannelLayer as _RedisChannelLayer
from redis.asyncio import BlockingConnectionPool


class RedisChannelLayer(_RedisChannelLayer):
    """Host entries are dicts: `address` (a redis:// URL) plus redis-py pool options,
    e.g. `max_connections` and `timeout` (how long a command waits for a free socket)."""

    def create_pool(self, index: int) -> Any:
        host = dict(self.hosts[index])
        address = host.pop("address")
        return BlockingConnectionPool.from_url(address, **host)
