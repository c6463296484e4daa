"""The applicant (người nộp hồ sơ / chủ hồ sơ), whose personal data is masked in every repr."""

from __future__ import annotations

import attrs

from onestop_core.privacy import mask

__all__ = ["Applicant"]


@attrs.frozen(kw_only=True, repr=False)
class Applicant:
    """A citizen or organisation filing a dossier (người nộp hồ sơ).

    ``repr()`` and ``str()`` mask the ID number, phone, e-mail, address and name, so an
    applicant can be logged safely.

    >>> a = Applicant(name="Nguyễn Văn An", id_number="001204012345", phone="0912345678")
    >>> a
    Applicant(name='N. V. A.', id_number='*********345', phone='*******678', email='', address='')
    """

    name: str
    id_number: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    organisation: str = ""

    def masked(self) -> dict[str, str]:
        """The fields with personal data masked (for logs and error messages)."""
        return {
            "name": mask(self.name, "name"),
            "id_number": mask(self.id_number, "id_number"),
            "phone": mask(self.phone, "phone"),
            "email": mask(self.email, "email"),
            "address": mask(self.address, "address"),
        }

    def __repr__(self) -> str:
        fields = ", ".join(f"{k}={v!r}" for k, v in self.masked().items())
        return f"Applicant({fields})"

    __str__ = __repr__
