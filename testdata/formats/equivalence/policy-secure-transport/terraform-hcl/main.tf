# The same configuration in Terraform's native syntax.
resource "aws_s3_bucket" "site" {
  bucket = "acme-widgets-site"
}

resource "aws_s3_bucket_policy" "site" {
  bucket = "acme-widgets-site"
  policy = jsonencode({
    "Version" = "2012-10-17"
    "Statement" = [{
      "Sid" = "DenyHttp"
      "Effect" = "Deny"
      "Principal" = "*"
      "Action" = "s3:*"
      "Resource" = ["arn:aws:s3:::acme-widgets-site", "arn:aws:s3:::acme-widgets-site/*"]
      "Condition" = {
        "Bool" = {
          "aws:SecureTransport" = "true"
        }
      }
    }]
  })
}
