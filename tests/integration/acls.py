"""CreateAcls for the test's broker. aiokafka's admin client has no ACL call and its
protocol module only knows CreateAcls v0-v1, which Kafka 4 no longer accepts (KIP-896),
so this is v2 (the first flexible version) in aiokafka's own protocol types."""

from __future__ import annotations

from typing import Any, ClassVar

from aiokafka.protocol.api import Request, RequestStruct, Response
from aiokafka.protocol.types import (
    CompactArray,
    CompactString,
    Int8,
    Int16,
    Int32,
    Schema,
    TaggedFields,
)

# Kafka's enum values (org.apache.kafka.common.resource / acl).
TOPIC, GROUP = 2, 3
LITERAL = 3
READ, WRITE, DESCRIBE = 3, 4, 8
ALLOW, DENY = 3, 2


class CreateAclsResponseV2(Response):
    API_KEY = 30
    API_VERSION = 2
    SCHEMA = Schema(
        ("throttle_time_ms", Int32),
        (
            "results",
            CompactArray(
                ("error_code", Int16),
                ("error_message", CompactString("utf-8")),
                ("tags", TaggedFields),
            ),
        ),
        ("tags", TaggedFields),
    )


class CreateAclsRequestV2(RequestStruct):
    FLEXIBLE_VERSION: ClassVar[bool] = True
    API_KEY = 30
    API_VERSION = 2
    RESPONSE_TYPE = CreateAclsResponseV2
    SCHEMA = Schema(
        (
            "creations",
            CompactArray(
                ("resource_type", Int8),
                ("resource_name", CompactString("utf-8")),
                ("resource_pattern_type", Int8),
                ("principal", CompactString("utf-8")),
                ("host", CompactString("utf-8")),
                ("operation", Int8),
                ("permission_type", Int8),
                ("tags", TaggedFields),
            ),
        ),
        ("tags", TaggedFields),
    )


class CreateAcls(Request[CreateAclsRequestV2]):
    API_KEY = 30

    def __init__(
        self, principal: str, grants: list[tuple[int, str, int]], permission: int = ALLOW
    ) -> None:
        self._creations = [
            (rtype, name, LITERAL, principal, "*", operation, permission, {})
            for rtype, name, operation in grants
        ]

    def build(self, request_struct_class: type[CreateAclsRequestV2]) -> CreateAclsRequestV2:
        return request_struct_class(self._creations, {})


async def create_acls(
    admin: Any, principal: str, grants: list[tuple[int, str, int]], permission: int = ALLOW
) -> None:
    """Allow (or, with ``permission=DENY``, deny) ``principal`` each (resource type,
    literal name, operation); raise on errors. A deny wins over any allow."""
    response = await admin._send_request(CreateAcls(principal, grants, permission))
    errors = [(code, message) for code, message, _ in response.results if code]
    if errors:
        raise RuntimeError(f"CreateAcls failed: {errors}")
