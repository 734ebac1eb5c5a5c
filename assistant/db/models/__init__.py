"""All ORM models; importing this package registers every table on `Base.metadata`."""

from assistant.db.base import Base
from assistant.db.models.actions import ActionStatus, AuditChainHead, AuditRecord, PendingAction
from assistant.db.models.catalog import Product, Variant
from assistant.db.models.conversations import Conversation, ConversationTurn
from assistant.db.models.customers import Customer, CustomerAddress, PaymentMethod, PaymentMethodKind
from assistant.db.models.documents import Document, DocumentStatus, DocumentType, ReviewStatus
from assistant.db.models.expenses import Expense, ExpenseStatus
from assistant.db.models.finance import Invoice, InvoiceDirection, InvoicePayment, InvoiceStatus
from assistant.db.models.hr import (
    Department,
    Employee,
    LeaveBalance,
    LeaveRequest,
    LeaveStatus,
    LeaveType,
    Role,
)
from assistant.db.models.inventory import MovementKind, StockLevel, StockMovement, Warehouse
from assistant.db.models.policies import Policy, PolicyStatus
from assistant.db.models.purchasing import PurchaseOrder, PurchaseOrderLine, PurchaseOrderStatus, Supplier
from assistant.db.models.recruiting import ApplicantStatus, JobApplicant
from assistant.db.models.reports import Report
from assistant.db.models.sales import (
    Fulfillment,
    FulfillmentItem,
    FulfillmentTracking,
    ItemRequestKind,
    OrderItemRequest,
    OrderStatus,
    OrderTransaction,
    SalesOrder,
    SalesOrderLine,
    TransactionKind,
)
from assistant.db.models.slack import SlackActionMessage, SlackEvent, SlackUser
from assistant.db.models.tokens import ApiToken

__all__ = [
    "ActionStatus",
    "ApiToken",
    "ApplicantStatus",
    "AuditChainHead",
    "AuditRecord",
    "Base",
    "Conversation",
    "ConversationTurn",
    "Customer",
    "CustomerAddress",
    "Department",
    "Document",
    "DocumentStatus",
    "DocumentType",
    "Employee",
    "Expense",
    "ExpenseStatus",
    "Fulfillment",
    "FulfillmentItem",
    "FulfillmentTracking",
    "Invoice",
    "InvoiceDirection",
    "InvoicePayment",
    "InvoiceStatus",
    "ItemRequestKind",
    "JobApplicant",
    "LeaveBalance",
    "LeaveRequest",
    "LeaveStatus",
    "LeaveType",
    "MovementKind",
    "OrderItemRequest",
    "OrderStatus",
    "OrderTransaction",
    "PaymentMethod",
    "PaymentMethodKind",
    "PendingAction",
    "Policy",
    "PolicyStatus",
    "Product",
    "PurchaseOrder",
    "PurchaseOrderLine",
    "PurchaseOrderStatus",
    "Report",
    "ReviewStatus",
    "Role",
    "SalesOrder",
    "SalesOrderLine",
    "SlackActionMessage",
    "SlackEvent",
    "SlackUser",
    "StockLevel",
    "StockMovement",
    "Supplier",
    "TransactionKind",
    "Variant",
    "Warehouse",
]
