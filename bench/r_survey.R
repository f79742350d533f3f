# R survey's side of the destat benchmark, run in its own process by bench/run.py.
#
#   Rscript bench/r_survey.R estimate  DATA.csv OUT_DIR REPEATS
#   Rscript bench/r_survey.R calibrate DATA.csv OUT_DIR REPEATS TARGETS.csv
#
# estimate: svymean of y01..y20 overall and svyby(..., svymean) by size, industry, region and
# sex, written as a user would. calibrate: raking on the size, industry and region margins
# (calibrate with a list of formulas and a list of tables) and linear calibration on
# ~size+industry+region, to the targets in TARGETS.csv (margin, level, target).
# Reading the file and svydesign are timed apart; the steps are repeated REPEATS times (fewer
# once a minute has been spent) and every run is written to timings.csv (step, run, seconds).
# Estimates go to estimates.csv (breakdown, level, variable, estimate, se), calibrated
# weights to weights_<method>.bin (doubles, row order), versions to info.csv.

args <- commandArgs(trailingOnly = TRUE)
mode <- args[1]
data_path <- args[2]
out_dir <- args[3]
repeats <- as.integer(args[4])
dir.create(out_dir, showWarnings = FALSE, recursive = TRUE)

write_info <- function(status, reason = "") {
  survey <- if (requireNamespace("survey", quietly = TRUE)) {
    as.character(packageVersion("survey"))
  } else {
    ""
  }
  info <- data.frame(
    key = c("status", "reason", "R", "survey"),
    value = c(status, reason, paste(R.version$major, R.version$minor, sep = "."), survey)
  )
  write.csv(info, file.path(out_dir, "info.csv"), row.names = FALSE)
}

if (!requireNamespace("survey", quietly = TRUE)) {
  write_info("not available", "the R package survey is not installed")
  quit(status = 0)
}
suppressPackageStartupMessages(library(survey))

timings <- data.frame(step = character(), run = integer(), seconds = numeric())
record <- function(step, run, seconds) {
  timings[nrow(timings) + 1, ] <<- list(step, run, seconds)
}
timed <- function(expr) {
  start <- proc.time()[["elapsed"]]
  value <- force(expr)
  list(seconds = proc.time()[["elapsed"]] - start, value = value)
}

load_data <- function(path) {
  if (requireNamespace("data.table", quietly = TRUE)) {
    as.data.frame(data.table::fread(path, showProgress = FALSE))
  } else {
    read.csv(path, stringsAsFactors = FALSE)
  }
}

indicators <- sprintf("y%02d", 1:20)
means <- reformulate(indicators)
domains <- c("size", "industry", "region", "sex")

loaded <- timed(load_data(data_path))
record("load", 1L, loaded$seconds)
df <- loaded$value
for (domain in domains) df[[domain]] <- factor(df[[domain]], levels = sort(unique(df[[domain]])))
designed <- timed(svydesign(ids = ~1, strata = ~stratum, weights = ~w, fpc = ~fpc, data = df))
record("design", 1L, designed$seconds)
d <- designed$value

tidy_overall <- function(m) {
  data.frame(
    breakdown = "overall", level = "", variable = names(coef(m)),
    estimate = unname(coef(m)), se = unname(SE(m))
  )
}

tidy_by <- function(b, domain) {
  rows <- lapply(indicators, function(v) {
    data.frame(
      breakdown = domain, level = as.character(b[[domain]]), variable = v,
      estimate = b[[v]], se = b[[paste0("se.", v)]]
    )
  })
  do.call(rbind, rows)
}

run_estimation <- function() {
  spent <- 0
  for (run in seq_len(repeats)) {
    overall <- timed(svymean(means, d))
    record("overall", run, overall$seconds)
    frames <- list(tidy_overall(overall$value))
    spent <- spent + overall$seconds
    for (domain in domains) {
      by <- timed(svyby(means, reformulate(domain), d, svymean))
      record(domain, run, by$seconds)
      frames[[length(frames) + 1]] <- tidy_by(by$value, domain)
      spent <- spent + by$seconds
    }
    if (spent > 60) break
  }
  write.csv(do.call(rbind, frames), file.path(out_dir, "estimates.csv"), row.names = FALSE)
}

margin_table <- function(targets, margin) {
  rows <- targets[targets$margin == margin, ]
  structure(
    rows$target,
    dim = nrow(rows),
    dimnames = setNames(list(as.character(rows$level)), margin),
    class = "table"
  )
}

linear_population <- function(targets, margins) {
  columns <- colnames(model.matrix(reformulate(margins), df[1:2, ]))
  population <- c(sum(targets$target[targets$margin == margins[1]]))
  for (margin in margins) {
    rows <- targets[targets$margin == margin, ]
    population <- c(population, setNames(rows$target, paste0(margin, rows$level))[-1])
  }
  stopifnot(identical(names(population)[-1], columns[-1]))
  unname(population)
}

run_calibration <- function(targets_path) {
  targets <- read.csv(targets_path, stringsAsFactors = FALSE, colClasses = c(level = "character"))
  margins <- c("size", "industry", "region")
  formulas <- lapply(margins, function(m) reformulate(m))
  tables <- lapply(margins, function(m) margin_table(targets, m))
  population <- linear_population(targets, margins)
  calls <- list(
    raking = function() calibrate(d, formulas, population = tables, calfun = "raking"),
    linear = function() calibrate(d, reformulate(margins), population)
  )
  for (method in names(calls)) {
    spent <- 0
    for (run in seq_len(repeats)) {
      calibrated <- timed(calls[[method]]())
      record(method, run, calibrated$seconds)
      spent <- spent + calibrated$seconds
      if (spent > 60) break
    }
    writeBin(as.double(weights(calibrated$value)), file.path(out_dir, paste0("weights_", method, ".bin")))
  }
}

if (mode == "estimate") {
  run_estimation()
} else if (mode == "calibrate") {
  run_calibration(args[5])
} else {
  stop("mode must be estimate or calibrate, not ", mode)
}
write.csv(timings, file.path(out_dir, "timings.csv"), row.names = FALSE)
write_info("ok")
