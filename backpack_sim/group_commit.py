"""Group commit: a state-changing request is answered only once its changes are committed.

Requests that finish while a commit is under way wait for the next one, which writes
all their changes in a single transaction. The engine keeps running on the event loop
during a commit: rows are built there (Store.snapshot) and written by one writer thread
(Store.write), so the disk never blocks the loop and commits never overlap."""

from __future__ import annotations

import asyncio
import logging
from concurrent.futures import ThreadPoolExecutor

from .engine import Engine
from .store import Store

log = logging.getLogger("backpack_sim.store")


class GroupCommit:
    def __init__(self, store: Store, engine: Engine):
        self.store = store
        self.engine = engine
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="backpack-sim-store")
        self._waiting: list[asyncio.Future] = []
        self._wake = asyncio.Event()
        self._closing = False
        self._task = asyncio.create_task(self._run())

    async def commit(self) -> None:
        """Return once every change made so far is committed; raises if the write failed."""
        if self._closing:
            raise RuntimeError("the store is closing")
        done = asyncio.get_running_loop().create_future()
        self._waiting.append(done)
        self._wake.set()
        await done

    async def close(self) -> None:
        """Commit what is pending, then stop the writer."""
        self._closing = True
        self._wake.set()
        await self._task
        self._writer.shutdown(wait=True)

    async def _run(self) -> None:
        while not (self._closing and not self._waiting):
            await self._wake.wait()
            self._wake.clear()
            await self._commit_batch()

    async def _commit_batch(self) -> None:
        batch, self._waiting = self._waiting, []
        statements = self.store.snapshot(self.engine)  # every change the batch's requests made
        try:
            await asyncio.get_running_loop().run_in_executor(self._writer, self.store.write, statements)
        except Exception as error:  # noqa: BLE001 - the waiting requests answer it
            log.exception("state could not be saved")
            outcome = error
        else:
            outcome = None
        for done in batch:
            if done.done():  # its request was cancelled meanwhile
                continue
            if outcome is None:
                done.set_result(None)
            else:
                done.set_exception(outcome)
