# every construct the parser knows
variable "origin" {
  default = "https://app.example.com"
}
locals {
  methods = ["GET", "PUT"]
  m       = { for k, v in var.x : k => v... if v != null }
  t       = [for s in var.l : upper(s)]
  c       = var.a ? 1 : -2.5e3
  s       = aws_s3_bucket.site[*].arn
  s2      = aws_s3_bucket.site.*.arn
  legacy  = var.list.0
  tpl     = "a-${var.b}-$${x}-%{ if var.c }y%{ else }z%{ endif }"
  ops     = (1 + 2) * 3 % 4 == 5 && !false || 6 >= 7
}
resource "aws_s3_bucket_cors_configuration" "site" {
  bucket = aws_s3_bucket.site.id
  cors_rule {
    allowed_origins = [var.origin, format("https://%s.example.com", "y")]
    allowed_methods = concat(local.methods, ["HEAD"])
  }
  dynamic "cors_rule" {
    for_each = var.rules
    content {
      allowed_origins = cors_rule.value.origins
    }
  }
}
resource "aws_s3_bucket_policy" "p" {
  bucket = "site"
  policy = <<-EOF
    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*",
      "Action": "s3:GetObject", "Resource": "arn:aws:s3:::site/*"}]}
    EOF
}
data "aws_iam_policy_document" "d" {
  statement {
    actions   = ["s3:*"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["*"]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}
resource "aws_s3_bucket_policy" "q" {
  bucket = "site"
  policy = data.aws_iam_policy_document.d.json
}
