#!/usr/bin/env python3
"""A local VNPay gateway for tests, written from VNPay's published merchant protocol 2.1.0
(sandbox.vnpayment.vn/apis/docs): it shares nothing with the platform's Swift code.

  GET  /paymentv2/vpcpay.html?vnp_...   the payment page: the merchant's signature checked (HMAC-SHA512
                                        over the sorted, form-encoded vnp_ fields), then "pay" or "cancel"
  POST /paymentv2/decide                the payer's choice: the signed notice is sent to the merchant's
                                        IPN URL (GET), then the payer is sent to vnp_ReturnUrl with it
  POST /merchant_webapi/api/transaction querydr and refund (JSON, checksums over `|`-joined fields)

Test controls (not part of the protocol), JSON in and out:
  POST /_sim/config {"ipn_url"}         where IPNs go (VNPay learns it from the merchant's registration)
  GET  /_sim/ipn-log                    every IPN sent and the merchant's answer
  POST /_sim/notice {...}               a notice signed with the merchant's secret, as a query string
  POST /_sim/set {"txn_ref", ...}       changes the gateway's record of an order (plants a difference)

Usage: simulator.py --tmn CODE --secret SECRET [--port 0] [--exit-with-parent]; prints "listening PORT" once ready.
"""

import argparse
import hashlib
import hmac
import html
import json
import os
import sys
import signal
import threading
import urllib.parse
import urllib.request
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from test_server import serve  # noqa: E402

GMT7 = timezone(timedelta(hours=7))
QUERY_FIELDS = ["vnp_RequestId", "vnp_Version", "vnp_Command", "vnp_TmnCode", "vnp_TxnRef", "vnp_TransactionDate",
                "vnp_CreateDate", "vnp_IpAddr", "vnp_OrderInfo"]
QUERY_ANSWER = ["vnp_ResponseId", "vnp_Command", "vnp_ResponseCode", "vnp_Message", "vnp_TmnCode", "vnp_TxnRef",
                "vnp_Amount", "vnp_BankCode", "vnp_PayDate", "vnp_TransactionNo", "vnp_TransactionType",
                "vnp_TransactionStatus", "vnp_OrderInfo", "vnp_PromotionCode", "vnp_PromotionAmount"]
REFUND_FIELDS = ["vnp_RequestId", "vnp_Version", "vnp_Command", "vnp_TmnCode", "vnp_TransactionType", "vnp_TxnRef",
                 "vnp_Amount", "vnp_TransactionNo", "vnp_TransactionDate", "vnp_CreateBy", "vnp_CreateDate",
                 "vnp_IpAddr", "vnp_OrderInfo"]
REFUND_ANSWER = QUERY_ANSWER[:13]


def form_encode(value):
    """PHP's urlencode, as in VNPay's reference code: letters, digits and -_. kept, space as +."""
    return urllib.parse.quote_plus(value, safe="").replace("~", "%7E")


def hash_data(fields):
    items = sorted((k, v) for k, v in fields.items()
                   if k.startswith("vnp_") and k not in ("vnp_SecureHash", "vnp_SecureHashType") and v != "")
    return "&".join(form_encode(k) + "=" + form_encode(v) for k, v in items)


class Gateway:
    def __init__(self, tmn, secret):
        self.tmn = tmn
        self.secret = secret.encode()
        self.orders = {}
        self.ipn_url = None
        self.ipn_log = []
        self.next_transaction = 14_000_000
        self.lock = threading.Lock()

    def sign(self, text):
        return hmac.new(self.secret, text.encode(), hashlib.sha512).hexdigest()

    def signed_query(self, fields):
        data = hash_data(fields)
        return data + "&vnp_SecureHash=" + self.sign(data)

    def notice(self, order, response_code, status):
        fields = {
            "vnp_Amount": str(order["amount"]), "vnp_BankCode": "NCB", "vnp_CardType": "ATM",
            "vnp_OrderInfo": order["info"], "vnp_PayDate": order.get("pay_date") or now_stamp(),
            "vnp_ResponseCode": response_code, "vnp_TmnCode": self.tmn,
            "vnp_TransactionNo": str(order.get("transaction_no") or 0), "vnp_TransactionStatus": status,
            "vnp_TxnRef": order["ref"],
        }
        if order.get("transaction_no"):
            fields["vnp_BankTranNo"] = "VNP" + str(order["transaction_no"])
        return self.signed_query(fields)


def now_stamp(delta=0):
    return (datetime.now(GMT7) + timedelta(seconds=delta)).strftime("%Y%m%d%H%M%S")


def parse_stamp(text):
    return datetime.strptime(text, "%Y%m%d%H%M%S").replace(tzinfo=GMT7)


class Handler(BaseHTTPRequestHandler):
    gateway: Gateway = None

    def log_message(self, *args):
        pass

    def reply(self, status, body, content_type="application/json", headers=None):
        data = body.encode() if isinstance(body, str) else body
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def body(self):
        return self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        if url.path == "/paymentv2/vpcpay.html":
            return self.pay_page(dict(urllib.parse.parse_qsl(url.query, keep_blank_values=True)))
        if url.path == "/_sim/ipn-log":
            return self.reply(200, json.dumps(self.gateway.ipn_log))
        self.reply(404, "{}")

    def do_POST(self):
        path = urllib.parse.urlsplit(self.path).path
        if path == "/paymentv2/decide":
            return self.decide(dict(urllib.parse.parse_qsl(self.body())))
        if path == "/merchant_webapi/api/transaction":
            return self.api(json.loads(self.body() or "{}"))
        g = self.gateway
        data = json.loads(self.body() or "{}")
        if path == "/_sim/config":
            g.ipn_url = data["ipn_url"]
            return self.reply(200, "{}")
        if path == "/_sim/notice":
            order = dict(g.orders.get(data["txn_ref"], {"ref": data["txn_ref"], "amount": 0, "info": "x"}))
            order.update({k: v for k, v in data.items() if k in ("amount", "pay_date", "transaction_no")})
            query = g.notice(order, data.get("response_code", "00"), data.get("status", "00"))
            return self.reply(200, json.dumps({"query": query}))
        if path == "/_sim/set":
            with g.lock:
                order = g.orders.setdefault(data["txn_ref"], {"ref": data["txn_ref"], "info": "planted", "amount": 0,
                                                              "create_date": now_stamp()})
                order.update({k: v for k, v in data.items() if k != "txn_ref"})
            return self.reply(200, json.dumps(order))
        self.reply(404, "{}")

    # The payment page -------------------------------------------------------------------------
    def pay_page(self, p):
        g = self.gateway
        problem = None
        if not hmac.compare_digest(p.get("vnp_SecureHash", "").lower(), g.sign(hash_data(p))):
            problem = "97 Chữ ký không hợp lệ (invalid signature)"
        elif p.get("vnp_TmnCode") != g.tmn or p.get("vnp_Version") != "2.1.0" or p.get("vnp_Command") != "pay":
            problem = "02 Merchant không hợp lệ (invalid merchant or version)"
        elif p.get("vnp_CurrCode") != "VND" or not p.get("vnp_Amount", "").isdigit() or int(p["vnp_Amount"]) % 100:
            problem = "03 Dữ liệu gửi sang không đúng định dạng (amount or currency)"
        elif parse_stamp(p["vnp_ExpireDate"]) < datetime.now(GMT7):
            problem = "11 Đã hết hạn chờ thanh toán (expired)"
        if problem:
            return self.reply(400, "<!doctype html><title>VNPay</title><p id=error>%s</p>" % html.escape(problem),
                              "text/html; charset=utf-8")
        ref = p["vnp_TxnRef"]
        with g.lock:
            existing = g.orders.get(ref)
            if existing and existing.get("status") != "01":  # vnp_TxnRef must not repeat once used (the spec: per day)
                return self.reply(400, "<!doctype html><p id=error>94 Giao dịch trùng lặp (duplicate vnp_TxnRef)</p>",
                                  "text/html; charset=utf-8")
            g.orders[ref] = {"ref": ref, "amount": int(p["vnp_Amount"]), "info": p["vnp_OrderInfo"],
                             "return_url": p["vnp_ReturnUrl"], "create_date": p["vnp_CreateDate"], "status": "01"}
        amount = "{:,}".format(int(p["vnp_Amount"]) // 100).replace(",", ".")
        page = f"""<!doctype html><html lang=vi><meta charset=utf-8>
<meta name=viewport content="width=device-width, initial-scale=1"><title>VNPay (local)</title>
<style>body{{font-family:sans-serif;max-width:28rem;margin:2rem auto;padding:0 1rem}}
button{{font-size:1.1rem;padding:.7rem 1.2rem;margin:.3rem 0;width:100%}}</style>
<h1>Cổng thanh toán VNPay (mô phỏng)</h1>
<p>Đơn hàng <b id=order>{html.escape(ref)}</b>: {html.escape(p["vnp_OrderInfo"])}</p>
<p>Số tiền: <b id=amount>{amount} VND</b></p>
<form method=post action=/paymentv2/decide><input type=hidden name=ref value="{html.escape(ref)}">
<button id=pay name=decision value=pay>Thanh toán (pay)</button>
<button id=cancel name=decision value=cancel>Hủy giao dịch (cancel)</button></form>"""
        self.reply(200, page, "text/html; charset=utf-8")

    def decide(self, form):
        g = self.gateway
        with g.lock:
            order = g.orders.get(form.get("ref", ""))
            if not order or order.get("status") != "01":
                return self.reply(400, "<p id=error>91 Không tìm thấy giao dịch</p>", "text/html; charset=utf-8")
            if form.get("decision") == "pay":
                g.next_transaction += 1
                order.update(status="00", transaction_no=g.next_transaction, pay_date=now_stamp(), type="01")
                query = g.notice(order, "00", "00")
            else:
                order.update(status="02", pay_date=now_stamp())
                query = g.notice(order, "24", "02")
        if g.ipn_url and form.get("skip_ipn") != "1":
            answer = None
            try:
                with urllib.request.urlopen(g.ipn_url + "?" + query, timeout=10) as r:
                    answer = json.loads(r.read().decode())
            except Exception as error:  # the merchant is down: VNPay would retry later
                answer = {"error": str(error)}
            g.ipn_log.append({"txn_ref": order["ref"], "answer": answer})
        back = order["return_url"] + ("&" if "?" in order["return_url"] else "?") + query
        self.reply(302, "", "text/plain", {"Location": back})

    # The merchant API ------------------------------------------------------------------------
    def api(self, p):
        g = self.gateway
        p = {k: str(v) for k, v in p.items()}
        command = p.get("vnp_Command")
        fields = QUERY_FIELDS if command == "querydr" else REFUND_FIELDS
        base = {"vnp_ResponseId": p.get("vnp_RequestId", ""), "vnp_Command": command, "vnp_TmnCode": g.tmn,
                "vnp_TxnRef": p.get("vnp_TxnRef", ""), "vnp_OrderInfo": p.get("vnp_OrderInfo", "")}
        expected = g.sign("|".join(p.get(name, "") for name in fields))
        if command not in ("querydr", "refund"):
            answer = dict(base, vnp_ResponseCode="02", vnp_Message="Invalid command")
        elif not hmac.compare_digest(p.get("vnp_SecureHash", "").lower(), expected):
            answer = dict(base, vnp_ResponseCode="97", vnp_Message="Invalid Checksum")
        elif p.get("vnp_TmnCode") != g.tmn:
            answer = dict(base, vnp_ResponseCode="02", vnp_Message="Merchant is not valid")
        else:
            with g.lock:
                answer = dict(base, **(self.querydr(p) if command == "querydr" else self.refund(p)))
        answer_fields = QUERY_ANSWER if command == "querydr" else REFUND_ANSWER
        answer["vnp_SecureHash"] = g.sign("|".join(str(answer.get(name, "")) for name in answer_fields))
        self.reply(200, json.dumps(answer))

    def record(self, order):
        return {"vnp_Amount": str(order["amount"]), "vnp_BankCode": "NCB", "vnp_PayDate": order.get("pay_date", ""),
                "vnp_TransactionNo": str(order.get("transaction_no") or ""),
                "vnp_TransactionType": order.get("type", "01"), "vnp_TransactionStatus": order.get("status", "01")}

    def querydr(self, p):
        order = self.gateway.orders.get(p["vnp_TxnRef"])
        if order is None:
            return {"vnp_ResponseCode": "91", "vnp_Message": "Transaction not found"}
        return dict(self.record(order), vnp_ResponseCode="00", vnp_Message="QueryDR Success")

    def refund(self, p):
        order = self.gateway.orders.get(p["vnp_TxnRef"])
        if order is None:
            return {"vnp_ResponseCode": "91", "vnp_Message": "Transaction not found"}
        if order.get("type") in ("02", "03"):
            return {"vnp_ResponseCode": "94", "vnp_Message": "Refund already requested"}
        if order.get("status") != "00" or str(order.get("transaction_no")) != p.get("vnp_TransactionNo"):
            return {"vnp_ResponseCode": "95", "vnp_Message": "Transaction not successful at VNPAY"}
        if not p.get("vnp_Amount", "").isdigit() or not 0 < int(p["vnp_Amount"]) <= order["amount"]:
            return {"vnp_ResponseCode": "02", "vnp_Message": "Refund amount exceeds the original"}
        order["type"] = p.get("vnp_TransactionType", "02")
        order["refunded"] = int(p["vnp_Amount"])
        return dict(self.record(order), vnp_ResponseCode="00", vnp_Message="Refund success")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--tmn", required=True)
    parser.add_argument("--secret", required=True)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--exit-with-parent", action="store_true")
    args = parser.parse_args()
    # A test runner may start it with SIGTERM ignored or blocked: make `terminate()` stop it.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    Handler.gateway = Gateway(args.tmn, args.secret)
    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    serve(server, args.exit_with_parent)


if __name__ == "__main__":
    main()
