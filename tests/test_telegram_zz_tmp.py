import time, collections
from fake_bot_api import message, private_chat, user

async def test_count(tg_app, fake_api):
    mark = len(fake_api.calls)
    t = time.perf_counter()
    for i in range(1000):
        fake_api.push({"message": message("When did Hama fall?", private_chat(10+i%50), user(10+i%50))})
    await fake_api.wait_for("sendMessage", count=1000, since=mark, timeout=60)
    dt = time.perf_counter() - t
    print("\n", 1000/dt, "updates/s", collections.Counter(c.method for c in fake_api.calls[mark:]))
