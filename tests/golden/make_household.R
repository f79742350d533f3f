# Expected household ICT indicators by sex and the female/male gaps, from R survey, for
# tests/macro/test_household.py. Run from the repository root:
#   Rscript tests/golden/make_household.R
# Written with R 4.2.2 and survey 4.1.1 (see tests/golden/versions.txt).
# Shares: svymean / svyby with na.rm = TRUE. Gaps: the design restricted to the non-blank answers
# (what na.rm does), svyby(covmat = TRUE), then svycontrast of female - male and female / male.
suppressMessages(library(survey))
options(warn = 2)
read <- function(name) read.csv(file.path("tests", "data", "household", paste0(name, ".csv")))
designs <- list(
  persons = svydesign(id = ~ea, strata = ~stratum, weights = ~weight, data = read("persons")),
  households = svydesign(id = ~ea, strata = ~stratum, weights = ~weight, data = read("households"))
)
indicators <- list(
  persons = c(HH7 = "uses_internet", HH18 = "owns_mobile_phone", HH9_PURCHASE = "act_purchasing",
              HH9_SELL = "act_selling", HH9_BANKING = "act_banking", HH9_NEWS = "act_news",
              OWN_SELL = "sells_online"),
  households = c(HH5 = "has_computer", HH6 = "has_internet_home")
)
sexes <- c(persons = "sex", households = "head_sex")
breakdowns <- list(persons = c("age_group", "area", "education"), households = c("area"))
num <- function(x) { x <- as.numeric(unname(x)); if (is.finite(x)) sprintf("%.17g", x) else "NA" }
rows <- list()
add <- function(code, unit, sex, breakdown, level, estimate, se) {
  rows[[length(rows) + 1]] <<- data.frame(
    indicator = code, unit = unit, sex = unname(sex), breakdown = unname(breakdown),
    level = unname(level),
    estimate = num(estimate), se = num(se)
  )
}
for (file in names(designs)) {
  for (code in names(indicators[[file]])) {
    variable <- indicators[[file]][[code]]
    f <- as.formula(paste0("~", variable))
    sex <- sexes[[file]]
    d <- subset(designs[[file]], !is.na(designs[[file]]$variables[[variable]]))
    m <- svymean(f, d)
    add(code, "share", "_T", "", "", coef(m), SE(m))
    for (split in c("", breakdowns[[file]])) {
      by_sex <- if (split == "") as.formula(paste0("~", sex)) else
        as.formula(paste0("~", split, "+", sex))
      est <- svyby(f, by_sex, d, svymean, covmat = TRUE)
      ses <- setNames(SE(est), names(coef(est)))
      levels <- if (split == "") "" else sort(unique(d$variables[[split]]))
      for (level in levels) {
        prefix <- if (split == "") "" else paste0(level, ".")
        female <- as.name(paste0(prefix, "F"))
        male <- as.name(paste0(prefix, "M"))
        for (s in c("F", "M")) {
          name <- paste0(prefix, s)
          add(code, "share", s, split, level, coef(est)[[name]], ses[[name]])
        }
        diff <- svycontrast(est, substitute(a - b, list(a = female, b = male)))
        ratio <- svycontrast(est, substitute(a / b, list(a = female, b = male)))
        add(code, "DIFF_FM", "_T", split, level, coef(diff), SE(diff))
        add(code, "RATIO_FM", "_T", split, level, coef(ratio), SE(ratio))
      }
      if (split != "") {
        by_level <- svyby(f, as.formula(paste0("~", split)), d, svymean)
        level_ses <- setNames(SE(by_level), names(coef(by_level)))
        for (level in levels) {
          add(code, "share", "_T", split, level, coef(by_level)[[level]], level_ses[[level]])
        }
      }
    }
  }
}
write.csv(do.call(rbind, rows), file.path("tests", "golden", "household.csv"), row.names = FALSE)
