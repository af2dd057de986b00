# The same configuration in Terraform's native syntax.
resource "aws_s3_bucket" "site" {
  bucket = "acme-widgets-site"
}

resource "aws_s3_bucket_policy" "site" {
  bucket = "acme-widgets-site"
  policy = jsonencode({
    "Version" = "2012-10-17"
    "Statement" = [{
      "Sid" = "Reader"
      "Effect" = "Allow"
      "Principal" = {
        "AWS" = "arn:aws:iam::210987654321:role/reader"
      }
      "Action" = ["s3:GetObject", "s3:ListBucket"]
      "Resource" = "arn:aws:s3:::acme-widgets-site"
    }]
  })
}
