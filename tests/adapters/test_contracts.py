"""The contract suite (``onestop_core.testing.contracts``) run on the reference adapters."""

from __future__ import annotations

from collections.abc import Mapping

import pytest

from onestop_core.adapters import HttpClient
from onestop_core.testing import fast_retry_policy
from onestop_core.testing.contracts import AdapterContractTests, Fault

from .reference import SECRET, DvcqgAdapter, FakeDvcqg, FakeVnpost, VnpostAdapter


class TestDvcqgContract(AdapterContractTests):
    kind = "national"

    def make_adapter(self) -> DvcqgAdapter:
        self.remote = FakeDvcqg()
        http = HttpClient.from_handler(self.remote.handle, base_url="https://dvcqg.test")
        return DvcqgAdapter(http, retry=fast_retry_policy())

    def inject_fault(self, fault: Fault, *, times: int = 1) -> None:
        self.remote.fail_next(fault.value, times)

    def remote_write_count(self) -> int:
        return self.remote.writes

    def remote_records(self, key: str) -> int:
        return 1 if key in self.remote.dossiers else 0


class TestVnpostContract(AdapterContractTests):
    kind = "postal"

    def make_adapter(self) -> VnpostAdapter:
        self.remote = FakeVnpost()
        http = HttpClient.from_handler(self.remote.handle, base_url="https://vnpost.test")
        return VnpostAdapter(http, retry=fast_retry_policy(), secrets=[SECRET])

    def inject_fault(self, fault: Fault, *, times: int = 1) -> None:
        self.remote.fail_next(fault.value, times)

    def remote_write_count(self) -> int:
        return self.remote.writes

    def remote_records(self, key: str) -> int:
        return self.remote.count(key)

    def signed_callback(self, item_code: str) -> tuple[Mapping[str, str], bytes, Mapping[str, str]]:
        return self.remote.callback_for(item_code)


class NoFaultsContract(AdapterContractTests):
    """An adapter whose fake remote cannot inject faults (not collected: no ``Test`` prefix)."""

    kind = "national"

    def make_adapter(self) -> DvcqgAdapter:
        self.remote = FakeDvcqg()
        http = HttpClient.from_handler(self.remote.handle, base_url="https://dvcqg.test")
        return DvcqgAdapter(http, retry=fast_retry_policy())

    def remote_records(self, key: str) -> int:
        return 1 if key in self.remote.dossiers else 0


def test_tests_needing_an_unimplemented_hook_skip() -> None:
    suite = NoFaultsContract()
    adapter = suite.make_adapter()
    with pytest.raises(pytest.skip.Exception, match="inject_fault is not implemented"):
        suite.test_business_error_is_not_retried(adapter)
    suite.test_national_upsert_twice_with_one_key_makes_one_remote_dossier(adapter)


def test_each_kind_keeps_only_its_tests() -> None:
    assert vars(TestDvcqgContract)["test_postal_quote"] is None
    assert callable(TestDvcqgContract.test_national_lookup_finds_the_upserted_dossier)
    assert vars(TestVnpostContract)["test_national_lookup_finds_the_upserted_dossier"] is None
    assert callable(TestVnpostContract.test_postal_quote)
    assert callable(TestVnpostContract.test_business_error_is_not_retried)


def test_kind_must_be_national_or_postal() -> None:
    with pytest.raises(TypeError, match="kind"):

        class Bad(AdapterContractTests):
            kind = "provincial"


def test_the_base_class_is_not_collected() -> None:
    assert not AdapterContractTests.__name__.startswith("Test")
